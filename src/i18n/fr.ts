/**
 * Français (vouvoiement ; boutons à l’infinitif). « Upload » se dit « envoi » ici, pour garder « importer » au lien.
 * Espaces insécables : fine (U+202F) avant ? ; !, normale (U+00A0) avant :.
 */
import type { Strings } from './en.js';

const plural = new Intl.PluralRules('fr');

export const fr: Strings = {
  dropPrompt: 'Glissez-déposez une vidéo ici ou',
  selectButton: 'Choisir une vidéo',
  dropActive: 'Déposez la vidéo pour l’envoyer',
  progressLabel: 'Progression de l’envoi',
  pause: 'Mettre en pause',
  resume: 'Reprendre',
  cancel: 'Annuler',
  retry: 'Réessayer',
  resumeQuestion: 'Un envoi inachevé de ce fichier a été trouvé. Reprendre là où il s’est arrêté\u202f?',
  resumeYes: 'Reprendre l’envoi',
  resumeNo: 'Recommencer',
  serverSaid: 'Réponse du serveur',
  offline: 'En pause\u00a0: aucune connexion réseau. L’envoi reprendra dès le retour de la connexion.',
  status: {
    idle: '',
    preparing: 'Préparation de l’envoi…',
    'confirm-resume': 'Envoi inachevé trouvé',
    uploading: 'Envoi en cours…',
    paused: 'En pause',
    success: 'Envoi terminé',
    error: 'Échec de l’envoi',
    processing: 'Traitement de la vidéo…',
    ready: 'La vidéo est prête',
  },
  videoStatus: {
    empty: 'En attente de la vérification du fichier par Gcore…',
    pending: 'Traitement de la vidéo…',
    viewable: 'Lecture possible\u202f; d’autres qualités arrivent…',
    ready: 'Lecture possible dans toutes les qualités',
    error: 'Échec du traitement',
  },
  renditionsLabel: 'Qualités',
  previewLabel: 'Aperçu',
  retryPlayback: 'Relancer la lecture',
  rendition: (label: string, percent: string) => `${label} ${percent}`,
  ofBytes: (uploaded: string, total: string) => `${uploaded} sur ${total}`,
  timeLeft: (time: string) => `il reste ${time}`,
  chunkOf: (n: number, m: number) => `partie ${n} sur ${m}`,
  errors: {
    'invalid-session': 'La session d’envoi fournie par le serveur n’est pas valide, l’envoi ne peut donc pas démarrer.',
    'session-request-failed': 'Impossible d’obtenir une session d’envoi auprès du serveur.',
    'invalid-file-type': 'Ce type de fichier ne peut pas être envoyé. Choisissez un fichier vidéo, par exemple MP4, MOV, MKV ou WebM.',
    'empty-file': 'Ce fichier est vide.',
    'file-too-large': 'Ce fichier dépasse la taille maximale autorisée.',
    'no-upload-server': 'Aucun des serveurs d’envoi n’est joignable.',
    'method-not-allowed': 'Le serveur d’envoi a refusé de créer l’envoi (HTTP 405). Vérifiez les paramètres d’envoi.',
    'rate-limited': 'Le serveur d’envoi reçoit trop de requêtes. Réessayez dans un instant.',
    'token-invalid': 'Le jeton d’envoi est invalide ou a expiré. Demandez une nouvelle session d’envoi.',
    'token-video-mismatch': 'Le jeton d’envoi a été émis pour une autre vidéo.',
    'token-client-mismatch': 'Le jeton d’envoi a été émis pour un autre compte.',
    network: 'La connexion au serveur d’envoi a été perdue.',
    'server-error': 'Le serveur d’envoi a répondu par une erreur.',
    aborted: 'L’envoi a été annulé.',
    'invalid-url': 'Saisissez un lien http(s) ou sftp vers un fichier vidéo.',
    'import-failed': 'Le serveur n’a pas pu lancer l’importation depuis ce lien.',
    'processing-failed': 'La vidéo n’a pas pu être traitée.',
    'status-request-failed': 'Impossible d’obtenir l’état de la vidéo auprès du serveur.',
    'playback-failed': 'Impossible de lire l’aperçu.',
  },
  manifestRefused: 'Les manifestes HLS et DASH (.m3u8, .mpd) servent à la lecture, pas à l’envoi. Choisissez le fichier vidéo d’origine.',
  // Plusieurs fichiers
  dropPromptMultiple: 'Glissez-déposez des vidéos ici ou',
  selectButtonMultiple: 'Choisir des vidéos',
  filesLabel: 'Envois',
  remove: 'Retirer',
  totalProgress: (done: number, total: number) =>
    `${done} sur ${total} ${plural.select(done) === 'one' ? 'envoyée' : 'envoyées'}`,
  queued: 'En attente…',
  watch: 'Regarder',
  // Depuis un lien
  tabFile: 'Envoyer un fichier',
  tabLink: 'Coller un lien',
  linkLabel: 'Lien vers un fichier vidéo',
  linkPlaceholder: 'https://example.com/video.mp4',
  linkSubmit: 'Importer',
  linkHint: 'Un lien http(s) ou sftp vers le fichier d’origine (MP4, MOV, MKV…).',
  importing: 'Gcore télécharge la vidéo…',
  // Formulaires
  required: 'Envoyez d’abord une vidéo.',
};
