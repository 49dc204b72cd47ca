"""The relay rollout (training/relaygrpo/rollout.py) with a scripted student and teacher and a one-character-per-token
tokenizer, under both rollback choices."""
import unittest

from relaygrpo.rollout import RelayRollout, RolloutConfig, StudentTurn, TeacherReply, relay_rollouts, response_text

from .support import CharTokenizer


class ScriptedStudent:
    """Writes its scripted turns in order, whatever the context; records each context it was given."""

    def __init__(self, turns):
        self.turns, self.seen, self.contexts = turns, {}, []

    def generate(self, contexts, max_tokens):
        out = []
        for context, limit in zip(contexts, max_tokens):
            self.contexts.append("".join(chr(i) for i in context))
            text, finish = self.turns.pop(0)
            text = text[:limit]
            out.append(StudentTurn(ids=[ord(c) for c in text], text=text, finish=finish))
        return out


class ScriptedTeacher:
    def __init__(self, replies):
        self.replies, self.requests = replies, []

    def complete(self, prompts, max_tokens):
        out = []
        for prompt, grant in zip(prompts, max_tokens):
            self.requests.append((prompt, grant))
            out.append(self.replies.pop(0))
        return out


PROMPT = [ord(c) for c in "Q: pet?"]


def run(turns, replies, **config):
    student, teacher = ScriptedStudent(list(turns)), ScriptedTeacher(list(replies))
    [rollout] = relay_rollouts([PROMPT], 1, student, teacher, CharTokenizer(), RolloutConfig(**config))
    return rollout, student, teacher


class ReferenceRollback(unittest.TestCase):
    def test_a_call_drops_the_whole_last_turn_and_trains_on_the_teacher(self):
        rollout, student, teacher = run([(" a<call>3</call>", "stop"), (" end", "eos")], [TeacherReply(" dog", "length")])
        self.assertEqual(teacher.requests, [("Q: pet? a", 3)])
        self.assertEqual(student.contexts[1], "Q: pet? dog")
        self.assertEqual(CharTokenizer().decode(rollout.response_ids), " dog end")
        self.assertEqual(rollout.loss_mask, [1] * len(" dog end"))
        self.assertEqual(rollout.sources, list("tttt" + "ssss"))
        self.assertEqual(rollout.calls, [3])

    def test_teacher_stop_ends_the_rollout(self):
        rollout, _, _ = run([("<call>2</call>", "stop")], [TeacherReply(" cat.", "stop")])
        self.assertEqual(response_text(rollout, CharTokenizer()), " cat.")
        self.assertEqual(rollout.finish, "stop")

    def test_at_most_two_calls_the_third_command_is_text(self):
        turns = [("<call>1</call>", "stop"), ("<call>1</call>", "stop"), (" x<call>1</call>", "stop")]
        rollout, _, teacher = run(turns, [TeacherReply("a", "length"), TeacherReply("b", "length")])
        self.assertEqual(len(teacher.requests), 2)
        self.assertEqual(CharTokenizer().decode(rollout.response_ids), "ab x<call>1</call>")
        self.assertEqual(rollout.calls, [1, 1])

    def test_zero_lets_the_student_go_on_and_the_command_stays(self):
        rollout, _, teacher = run([(" a<call>0</call>", "stop"), (" b", "eos")], [])
        self.assertEqual(teacher.requests, [])
        self.assertEqual(CharTokenizer().decode(rollout.response_ids), " a<call>0</call> b")

    def test_the_grant_is_capped_by_the_global_limit(self):
        rollout, _, teacher = run([(" a<call>50</call>", "stop"), ("", "eos")], [TeacherReply("zz", "length")], global_max_tokens=20)
        self.assertEqual(teacher.requests[0][1], 20 - len(" a<call>50</call>"))

    def test_a_teacher_error_ends_the_rollout_with_the_command_kept(self):
        rollout, _, _ = run([(" a<call>3</call>", "stop")], [TeacherReply("[Error: refused]", "error")])
        self.assertEqual(CharTokenizer().decode(rollout.response_ids), " a<call>3</call>")
        self.assertEqual((rollout.finish, rollout.calls, rollout.teacher_errors), ("teacher-error", [], 1))

    def test_a_command_with_other_text_is_not_a_command(self):
        rollout, _, teacher = run([(" a<call>3 tokens</call>", "stop")], [])
        self.assertEqual(teacher.requests, [])
        self.assertEqual(rollout.calls, [])


class KeepTurn(unittest.TestCase):
    def test_the_command_is_kept_and_learned_and_the_teacher_masked(self):
        rollout, student, teacher = run([(" a<call>3</call>", "stop"), (" end", "eos")], [TeacherReply(" dog", "length")],
                                        rollback="none", teacher_in_loss=False)
        self.assertEqual(teacher.requests, [("Q: pet? a", 3)])
        self.assertEqual(student.contexts[1], "Q: pet? a<call>3</call> dog")
        self.assertEqual(response_text(rollout, CharTokenizer()), " a dog end")
        mask = rollout.loss_mask
        self.assertEqual(mask, [1] * len(" a<call>3</call>") + [0] * 4 + [1] * 4)

    def test_the_second_call_prompt_leaves_the_first_command_out(self):
        turns = [("<call>1</call>", "stop"), (" b<call>2</call>", "stop"), ("", "eos")]
        _, _, teacher = run(turns, [TeacherReply("a", "length"), TeacherReply("c", "length")], rollback="none")
        self.assertEqual([p for p, _ in teacher.requests], ["Q: pet?", "Q: pet?a b"])


class TeacherDown(unittest.TestCase):
    def test_a_step_whose_every_call_failed_stops_the_job_with_one_line(self):
        from relaygrpo.toy_trainer import check_teacher

        failed, _, _ = run([(" a<call>3</call>", "stop")], [TeacherReply("[Error: Connection refused]", "error")])
        quiet, _, _ = run([(" cat.", "eos")], [])
        with self.assertRaisesRegex(ValueError, r"the teacher at http://127.0.0.1:9/v1 failed all 1 calls of step 4: \[Error: Connection refused\]"):
            check_teacher([failed, quiet], "http://127.0.0.1:9/v1", 3)
        answered, _, _ = run([(" a<call>3</call>", "stop"), ("", "eos")], [TeacherReply(" dog", "length")])
        check_teacher([failed, answered, quiet], "http://127.0.0.1:9/v1", 3)
        check_teacher([quiet], "http://127.0.0.1:9/v1", 3)


class Groups(unittest.TestCase):
    def test_n_rollouts_per_prompt_in_order(self):
        student = ScriptedStudent([("x", "eos")] * 4)
        pool = relay_rollouts([PROMPT, PROMPT[:2]], 2, student, ScriptedTeacher([]), CharTokenizer())
        self.assertEqual([r.group for r in pool], [0, 0, 1, 1])
        self.assertIsInstance(pool[0], RelayRollout)


if __name__ == "__main__":
    unittest.main()
