"""Evaluation of the NLU model: data splits, metrics, pipeline variants (see bot.evaluate_nlu)."""
