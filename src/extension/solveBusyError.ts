/** One solve at a time per window: a second request is refused with this, and offered a way to stop the first. */
export class SolveBusyError extends Error {
    override name = "SolveBusyError";
    constructor() {
        super("Relay is already solving; stop it first (Relay: Stop).");
    }
}
