"""GRPO with a relay rollout (RelayLLM's RL stage): the rollout protocol, the loss, and a toy trainer for the test bed."""
