/** The values of the openai SDK the teacher adapter uses: the one entry of dist/openai.js (see openAiSdk.ts). */
export {
    APIConnectionError,
    APIConnectionTimeoutError,
    APIError,
    APIUserAbortError,
    AuthenticationError,
    InternalServerError,
    OpenAI,
    PermissionDeniedError,
    RateLimitError,
} from "openai";
