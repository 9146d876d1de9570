"""Custom actions of the assistant (rasa_sdk); thin: slots in, one service call, responses out."""
