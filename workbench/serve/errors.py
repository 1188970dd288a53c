"""How `workbench serve` answers a request that fails: Datasette's own answer (its error page,
or its JSON), without the traceback Datasette prints on the server's terminal for every
error, 404s and bad SQL included (rendered by rich with every local variable: a screenful and
a second per bad request). A real failure (5xx) still prints its traceback, plainly.

It replaces Datasette's default handler in the `workbench serve` process only (server.run).
"""

from __future__ import annotations

import traceback

from datasette import Response, hookimpl
from markupsafe import Markup

REPLACES = "datasette.handle_exception"


@hookimpl(trylast=True)
def handle_exception(datasette, request, exception):
    async def respond():
        status = getattr(exception, "status", 500)
        if not isinstance(status, int) or not 400 <= status < 600:
            status = 500
        if status >= 500:
            traceback.print_exception(exception)
        message = getattr(exception, "message", None) or (
            exception.args[0] if exception.args else str(exception))
        if getattr(exception, "message_is_html", False):
            message = Markup(message)
        info = {**(getattr(exception, "error_dict", None) or {}), "ok": False,
                "error": message, "status": status, "title": getattr(exception, "title", None)}
        if request.path.endswith(".json"):
            return Response.json(info, status=status)
        page = await datasette.render_template([f"{status}.html", "error.html"], info,
                                               request=request)
        return Response.html(page, status=status)
    return respond
