"""LTI 1.3: Colloquy as a tool inside a school's LMS (launch, registration, keys, rosters)."""
