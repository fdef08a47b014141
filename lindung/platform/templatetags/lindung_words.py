from django import template

from lindung.platform.labels import words as words_of

register = template.Library()


@register.filter
def words(code) -> str:
    """`{{ application.keputusan|words }}` -> "Memenuhi syarat"."""
    return words_of(code)


@register.filter
def codes_in_words(text: str, separator: str = ";") -> list[str]:
    """`alasan` ("BUKAN_MISKIN;DOMISILI_KURANG") as a list of words."""
    return [words_of(code) for code in (text or "").split(separator) if code]
