"""MIX Decide: choose how a municipality buys something new (pure logic; never imports streamlit)."""

from mixdecide.answers import AnswerError
from mixdecide.engine import assess
from mixdecide.pack import DEFAULT_PACK, Pack, PackError, load_pack

__all__ = ["DEFAULT_PACK", "AnswerError", "Pack", "PackError", "assess", "load_pack"]
__version__ = "1.0.0"
