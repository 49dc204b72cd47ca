"""Fine-tuning of small llama GGUF models for the RelayLLM test bed (see training/README.md)."""
