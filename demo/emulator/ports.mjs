// What to say when a port the emulator or the demo wants is taken.

/**
 * A message for an EADDRINUSE error: which port is busy and how to choose others.
 * @param {any} err  the listen error (`err.port` is the busy port)
 * @param {{apiPort?: number, uploadPort?: number, demoPort?: number, command?: string}} ports
 */
export function portInUseMessage(err, { apiPort, uploadPort, demoPort, command = 'npm start' } = {}) {
  const port = Number(err?.port);
  const what =
    port === apiPort ? 'the emulator API port (EMULATOR_API_PORT)' : port === uploadPort ? 'the emulator upload port (EMULATOR_UPLOAD_PORT)' : port === demoPort ? 'the demo page port (DEMO_PORT)' : 'a port';
  const vars = [
    apiPort !== undefined && `EMULATOR_API_PORT=${(apiPort || 8080) + 10}`,
    uploadPort !== undefined && `EMULATOR_UPLOAD_PORT=${(uploadPort || 8081) + 10}`,
    demoPort !== undefined && `DEMO_PORT=${(demoPort || 5173) + 10}`,
  ].filter(Boolean);
  return (
    `Port ${Number.isFinite(port) ? port : '?'} is already in use: ${what}. Is another \`npm start\` or emulator running?\n` +
    `Stop it, or pick other ports, e.g.:\n  ${vars.join(' ')} ${command}`
  );
}
