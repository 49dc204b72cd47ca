"""The relay cases the training rollout and the engine must play the same way (test/fixtures/relay-rollout/cases.json;
the engine's side is test/unit/relayRolloutFixtures.test.ts): rollback "none", one token per character."""
import json
import unittest

from relaygrpo.rollout import RolloutConfig, StudentTurn, TeacherReply, relay_rollouts, response_text

from .support import PROJECT, CharTokenizer as Chars

FIXTURE = PROJECT / "test" / "fixtures" / "relay-rollout" / "cases.json"
PROMPT = "Q:"


class Student:
    def __init__(self, turns):
        self.turns = list(turns)

    def generate(self, contexts, max_tokens):
        out = []
        for limit in max_tokens:
            text = self.turns.pop(0) if self.turns else ""
            finish = "length" if len(text) > limit else ("stop" if text.endswith("</call>") else "eos")
            text = text[:limit]
            out.append(StudentTurn(ids=[ord(c) for c in text], text=text, finish=finish))
        return out


class Teacher:
    def __init__(self, replies):
        self.replies, self.requests = list(replies), []

    def complete(self, prompts, max_tokens):
        self.requests.extend(zip(prompts, max_tokens))
        return [TeacherReply(**self.replies.pop(0)) for _ in prompts]


class RolloutFixtures(unittest.TestCase):
    def test_cases(self):
        for case in json.loads(FIXTURE.read_text())["cases"]:
            with self.subTest(case["name"]):
                teacher = Teacher(case["replies"])
                config = RolloutConfig(max_turns=3, turn_max_tokens=case["maxTokens"], global_max_tokens=case["maxTokens"], rollback="none", teacher_in_loss=False, limit_note=False)
                [rollout] = relay_rollouts([[ord(c) for c in PROMPT]], 1, Student(case["turns"]), teacher, Chars(), config)
                self.assertEqual(teacher.requests, [((PROMPT + r["partial"]).strip(), r["maxTokens"]) for r in case["requests"]])
                self.assertEqual(response_text(rollout, Chars()), case["text"])
                self.assertEqual(Chars().decode(rollout.response_ids), case["context"])
                self.assertEqual(rollout.calls, case["calls"])


if __name__ == "__main__":
    unittest.main()
