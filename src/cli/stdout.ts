/**
 * Writes to stdout and resolves once the text is handed to the OS, so a `process.exit` right after cannot cut
 * it off (pipe writes are asynchronous on some platforms).
 */
export function writeStdout(text: string): Promise<void> {
    return new Promise((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
}
