/**
 * Text for a terminal from parties we do not trust (the models, a server's error message, a file name). A
 * terminal obeys control characters: ESC starts sequences that clear the screen, set the window title, write
 * the clipboard (OSC 52) or plant hyperlinks (OSC 8); BEL rings, backspace and carriage return overwrite what
 * was printed; C1 controls (U+0080–U+009F) are ESC sequences in one character to some terminals; bidi
 * overrides reorder what the reader sees (Trojan Source). Each becomes a visible, inert stand-in: the control
 * character's picture (␛ ␇ ␈ ␍, U+2400 block) or U+FFFD, so the reader still sees that something was there.
 * Newlines and tabs stay; a CRLF is a newline. Linear in the text; sequences are not parsed, since with its
 * ESC made inert the rest of a sequence is plain text.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /\r\n|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
    return text.replace(UNSAFE, (match) => {
        if (match === "\r\n") return "\n";
        const code = match.charCodeAt(0);
        if (code < 0x20) return String.fromCharCode(0x2400 + code);
        if (code === 0x7f) return "\u2421";
        return "\ufffd";
    });
}
