/** Every locale table at once (for tools and tests; the element loads only the one it needs). */
import { de } from './de.js';
import { en, type Strings } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { ru } from './ru.js';

export const LOCALES = { en, de, es, fr, ru } satisfies Record<string, Strings>;
