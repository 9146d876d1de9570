"""Command line: ``python -m bot.sentiment build [--force]`` and ``... evaluate``."""

from __future__ import annotations

import argparse
import sys

from bot.sentiment.errors import SentimentError


def main(argv: list[str] | None = None) -> int:
    """Run the sentiment command named in ``argv``; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m bot.sentiment")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="train the model unless it is up to date")
    build.add_argument("--force", action="store_true", help="retrain even when up to date")
    build.add_argument("--model-dir", help="where to write it (default models/sentiment)")
    evaluate = commands.add_parser("evaluate", help="held-out figures and SnowNLP side by side")
    evaluate.add_argument("--model-dir", help="model to evaluate (default models/sentiment)")
    evaluate.add_argument("--output", default="results/sentiment_eval.json")
    evaluate.add_argument("--no-snownlp", action="store_true", help="skip the SnowNLP baseline")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            from pathlib import Path

            from bot.sentiment.build import build as run_build

            run_build(Path(args.model_dir) if args.model_dir else None, force=args.force)
        else:
            from bot.sentiment.evaluation import run_evaluation

            run_evaluation(args.model_dir, args.output, with_snownlp=not args.no_snownlp)
    except SentimentError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
