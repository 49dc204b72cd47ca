"""The TRL adapter (relaygrpo/trl_rollout.py) around the relay rollout. TRL and vLLM cannot be installed here, so
`trl.experimental.openenv.generate_rollout_completions` and the trainer are STAND-INS (a scripted student) in this
test; the teacher is a real HTTP server on loopback speaking the OpenAI completions format, and the rollout, the
masks and the reward are the real code."""
import json
import sys
import threading
import types
import unittest
from http.server import BaseHTTPRequestHandler, HTTPServer

from relaygrpo.rollout import RolloutConfig
from relaygrpo.trl_rollout import make_rollout_func, relay_reward


class CharTokenizer:
    eos_token_id = 3

    def apply_chat_template(self, messages, add_generation_prompt, tokenize, enable_thinking):
        return [ord(c) for c in "U:" + messages[-1]["content"] + "\nA:"]

    def encode(self, text, add_special_tokens=False):
        return [ord(c) for c in text]

    def decode(self, ids, skip_special_tokens=False):
        return "".join(chr(i) for i in ids)


class TeacherHandler(BaseHTTPRequestHandler):
    bodies = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        TeacherHandler.bodies.append(body)
        reply = json.dumps({"choices": [{"text": " dog", "finish_reason": "length"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


def scripted_vllm(turns):
    """A stand-in for TRL's generate_rollout_completions: each call answers its prompts with the next scripted texts."""

    def generate_rollout_completions(trainer, prompts, generation_overrides=None, as_chat=None):
        assert generation_overrides["stop"] == ["</call>"] and generation_overrides["temperature"] == 1.0
        out = []
        for prompt in prompts:
            text = turns.pop(0)
            out.append({"prompt_ids": [ord(c) for c in prompt], "completion_ids": [ord(c) for c in text], "logprobs": [-0.5] * len(text), "text": text})
        return out

    return generate_rollout_completions


class TrlAdapter(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = HTTPServer(("127.0.0.1", 0), TeacherHandler)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()

    def run_rollouts(self, turns, config):
        module = types.ModuleType("trl.experimental.openenv")
        module.generate_rollout_completions = scripted_vllm(turns)
        saved = {name: sys.modules.get(name) for name in ("trl", "trl.experimental", "trl.experimental.openenv")}
        sys.modules.update({"trl": types.ModuleType("trl"), "trl.experimental": types.ModuleType("trl.experimental"), "trl.experimental.openenv": module})
        try:
            trainer = types.SimpleNamespace(processing_class=CharTokenizer(), args=types.SimpleNamespace(num_generations=2))
            url = f"http://127.0.0.1:{self.server.server_port}/v1"
            prompts = [[{"role": "user", "content": "pet?"}]] * 2
            return make_rollout_func(url, "teacher", config)(prompts, trainer)
        finally:
            for name, value in saved.items():
                if value is None:
                    sys.modules.pop(name, None)
                else:
                    sys.modules[name] = value

    def test_masks_logprobs_calls_and_the_teacher_request(self):
        TeacherHandler.bodies.clear()
        out = self.run_rollouts([" a<call>4</call>", " cat.", "end."], RolloutConfig(max_turns=3, turn_max_tokens=64, global_max_tokens=64, rollback="none", teacher_in_loss=False))
        self.assertEqual([bytes(ids).decode() for ids in out["completion_ids"]], [" a<call>4</call> dog" + "end.", " cat."])
        self.assertEqual(out["relay_calls"], [[4], []])
        self.assertEqual(out["relay_text"], [" a dogend.", " cat."])
        self.assertEqual(out["env_mask"][0], [1] * len(" a<call>4</call>") + [0] * 4 + [1] * 4)
        self.assertEqual(out["logprobs"][0], [-0.5] * len(" a<call>4</call>") + [0.0] * 4 + [-0.5] * 4)
        self.assertEqual(TeacherHandler.bodies[0]["prompt"], "U:pet?\nA: a")
        self.assertEqual((TeacherHandler.bodies[0]["max_tokens"], TeacherHandler.bodies[0]["temperature"], TeacherHandler.bodies[0]["top_k"]), (4, 1.0, -1))

    def test_reference_rollback_trains_on_the_teacher(self):
        out = self.run_rollouts([" a<call>4</call>", " cat.", "end."], RolloutConfig(max_turns=3, turn_max_tokens=64, global_max_tokens=64))
        self.assertEqual(bytes(out["completion_ids"][0]).decode(), " dogend.")
        self.assertEqual(out["env_mask"][0], [1] * 8)

    def test_the_reward_groups_by_prompt(self):
        rewards = relay_reward(prompts=None, completions=None, completion_ids=[[1] * 10] * 4, relay_calls=[[], [2], [], []],
                               relay_text=["cat", "dog", "x", "y"], relay_group=[0, 0, 1, 1], answer=["cat", "cat", "dog", "dog"],
                               grade=lambda text, gold: text == gold)
        self.assertEqual(rewards, [1.5, 0.0, 0.0, 0.0])


if __name__ == "__main__":
    unittest.main()
