"""Panels that upper apps add to a lower app's page: the person page (people, reference tier) shows what
the claims app knows about that person, without people importing claims. An app registers
`@person_panel` on a function `(user, person) -> Panel | None` in its AppConfig.ready; the person page
renders them with `{% load lindung_panels %}{% person_panels person %}`. A provider answers None when the
user may not see what it would show, so a panel never widens anyone's scope."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class PanelLine:
    text: str
    url: str = ""


@dataclass
class Panel:
    title: str
    lines: list[PanelLine] = field(default_factory=list)
    empty: str = ""  # shown when there is no line


PERSON_PANELS: list[Callable] = []


def person_panel(func: Callable) -> Callable:
    PERSON_PANELS.append(func)
    return func


def person_panels(user, person) -> list[Panel]:
    return [panel for provider in PERSON_PANELS if (panel := provider(user, person)) is not None]
