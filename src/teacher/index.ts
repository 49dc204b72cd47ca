/** The OpenAI-compatible teacher adapter's public surface. */
export { OpenAiTeacher } from "./openAiTeacher";
export { callTimeLimitMs, defaultMinTokensPerSecond, defaultTimeoutSeconds, type OpenAiTeacherOptions } from "./openAiTeacherOptions";
export { choosePrefill, type PrefillOption, type PrefillStyle } from "./choosePrefill";
export { toTeacherError, type TeacherCallPhase, type TeacherErrorContext } from "./toTeacherError";
export { probeTeacher } from "./probeTeacher";
export { credentialsInUrlMessage, normalizeTeacherUrl } from "./normalizeTeacherUrl";
export { teacherApiKeyFromEnv } from "./teacherApiKeyFromEnv";
export { maxRetryAfterMs } from "./retryAfter";
