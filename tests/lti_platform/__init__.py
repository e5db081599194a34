"""An LTI 1.3 platform for the tests: a small LMS of its own, on jwcrypto and the standard
library's HTTP server, that Colloquy meets only over real HTTP on a loopback port.

It shares no code with Colloquy's LTI package: its own keys, its own JWT handling, its own
reading of the specifications (LTI Core 1.3, Security Framework 1.0, Deep Linking 2.0, AGS 2.0,
NRPS 2.0, Dynamic Registration 1.0). Tests script it: they queue a launch (who, in which course,
with which roles and message type), play the browser through the OIDC dance, and read back
what Colloquy sent it: scores, deep-linking answers, registrations, token requests.
"""

from .browser import Browser, LaunchPage
from .server import LAUNCH_PRESETS, LearningPlatform, Person

__all__ = ["LAUNCH_PRESETS", "Browser", "LaunchPage", "LearningPlatform", "Person"]
