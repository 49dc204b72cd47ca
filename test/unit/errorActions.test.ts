import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, ModelLoadError, StudentCrashedError, TeacherRequestError } from "../../src/relay";
import { ACTION_TITLES, PANEL_ACTIONS } from "../../src/protocol/panelActions";
import { ACTION_COMMANDS, actionFor, commandFor } from "../../src/extension/errorActions";
import { SolveBusyError } from "../../src/extension/solveBusyError";
import { teacherFailureNote } from "../../src/extension/teacherFailureNote";

// The one mapping from a failure to what fixes it, shared by the panel, the notifications and `@relay`.
describe("what fixes a failure", () => {
    it("is decided by class and kind", () => {
        assert.equal(actionFor(new ModelLoadError("no model")), "selectStudent");
        assert.equal(actionFor(new TeacherRequestError("refused", "auth", 401)), "setApiKey");
        assert.equal(actionFor(new TeacherRequestError("down", "unreachable")), "testTeacher");
        assert.equal(actionFor(new ConfigError("bad setting")), "openSettings");
        assert.equal(actionFor(new SolveBusyError()), "stopSolve");
        // Nothing a user can set fixes these.
        assert.equal(actionFor(new StudentCrashedError("killed")), undefined);
        assert.equal(actionFor(new Error("bug")), undefined);
    });

    it("every action has a title, and every action but the panel's own retry a command", () => {
        for (const action of PANEL_ACTIONS) {
            assert.ok(ACTION_TITLES[action]);
            if (action !== "retryWithTeacher") assert.deepEqual(commandFor(action).command, ACTION_COMMANDS[action][0]);
        }
        assert.deepEqual(commandFor("openTeacherSettings"), { command: "workbench.action.openSettings", title: "Open Teacher Settings", arguments: ["relay.teacher"] });
    });
});

describe("a failed teacher call said in a VS Code Chat answer", () => {
    it("is our sentence, with the server's message as detail and the command that helps", () => {
        const note = teacherFailureNote([{ type: "teacher-error", call: 0, kind: "bad-request", message: "The teacher at http://127.0.0.1:8080/v1 rejected the request (400). The server said: “unordered_map::at”." }]);
        // The server's words are escaped: they cannot make links or markup in the answer.
        assert.equal(note, "\n\n> **Relay:** A teacher call failed, so the local model finished this answer alone. The teacher at http://127\\.0\\.0\\.1:8080/v1 rejected the request \\(400\\)\\. The server said: “unordered\\_map::at”\\. (Command Palette: **Relay: Test Teacher Connection**.)");
        assert.match(teacherFailureNote([{ type: "teacher-error", call: 0, kind: "auth", message: "x" }, { type: "teacher-error", call: 1, kind: "auth", message: "y" }]), /2 teacher calls failed.*Set Teacher API Key/);
    });
});
