"""A URL id that always fits a 64-bit database key, so huge numbers are a 404, not a 500."""


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
