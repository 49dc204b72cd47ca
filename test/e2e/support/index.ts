export { codeServerInstall, quietSettings, startCodeServer, type CodeServer, type CodeServerInstall, type CodeServerOptions } from "./codeServer";
export { openVsCode, type OpenVsCodeOptions, type VsCode, type WebviewMatch } from "./openVsCode";
export { buildRelayVsix, relayStudentSettings } from "./relayExtension";
export { startRelayWorkbench, type RelayWorkbench, type RelayWorkbenchOptions } from "./relayWorkbench";
export { readRelayLog, waitForRelayLog } from "./relayLog";
export { copyEditorText, waitForClipboard } from "./clipboard";
export { setUserSettings } from "./userSettings";
