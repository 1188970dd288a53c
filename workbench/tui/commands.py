"""The command palette's provider: every action of the passage screen, with its key, from the
same list the screen binds (keys.SECTIONS), so nothing can be bound and not listed."""

from __future__ import annotations

from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from workbench.tui import keys


class ActionsProvider(Provider):
    """Offers each action that is possible right now (cancel only while translating).

    A screen with keys of its own names their sections in `KEY_SECTIONS`."""

    def _actions(self) -> list[tuple[str, str, Binding]]:
        screen = self.screen
        out = []
        for section, bindings in getattr(screen, "KEY_SECTIONS", keys.SECTIONS):
            for binding in bindings:
                if screen.check_action(binding.action, ()) is False:
                    continue
                first_key = binding.key.split(",")[0].strip()
                key = self.app.get_key_display(Binding(first_key, binding.action))
                out.append((f"{binding.description} ({key})", section, binding))
        return out

    async def discover(self) -> Hits:
        for text, section, binding in self._actions():
            yield DiscoveryHit(text, partial(self.screen.run_action, binding.action),
                               help=section)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, section, binding in self._actions():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text),
                          partial(self.screen.run_action, binding.action), text=text,
                          help=section)
