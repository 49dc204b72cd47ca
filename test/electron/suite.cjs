// Runs inside the desktop VS Code extension host started by runTests.mjs.
const assert = require("node:assert/strict");
const vscode = require("vscode");

exports.run = async function run() {
    const extension = vscode.extensions.all.find((candidate) => candidate.packageJSON.name === "relayllm");
    assert.ok(extension, "the extension is installed");
    await extension.activate();
    const commands = await vscode.commands.getCommands(true);
    for (const id of ["relay.solve", "relay.openChat", "relay.stop", "relay.toggleTeacherFree", "relay.selectStudentModel", "relay.setTeacherApiKey", "relay.showUsage"]) {
        assert.ok(commands.includes(id), `${id} is registered`);
    }
    const config = vscode.workspace.getConfiguration("relay");
    await config.update("student.model", process.env.RELAYLLM_STUDENT_MODEL, vscode.ConfigurationTarget.Global);
    await config.update("student.threads", 1, vscode.ConfigurationTarget.Global);
    await config.update("teacherFree", false, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand("relay.toggleTeacherFree");
    assert.equal(vscode.workspace.getConfiguration("relay").get("teacherFree"), true);
    await vscode.commands.executeCommand("relay.openChat");
};
