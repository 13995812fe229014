"""Errors on the pages: a page in the visitor's language that says what to do.

The API keeps its problem documents (:mod:`raviv.errors`); the page routes answer the same
statuses with HTML. A visitor who is not signed in is sent to the sign-in page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.response import Redirect
from litestar.types import ExceptionHandlersMap

from raviv.errors import DomainError, UnauthorizedError
from raviv.request_context import request_id
from raviv.web.i18n import N_, gettext

#: What each refusal tells the visitor to do (French msgids; translated on the page).
ADVICE = {
    400: N_("La demande n'a pas pu être lue. Revenez en arrière et recommencez."),
    403: N_(
        "Votre rôle ne permet pas cette action. Rien n'a été changé. Si vous pensez que c'est une "
        "erreur, demandez à la coordination de votre réseau."
    ),
    404: N_(
        "Cette page n'existe pas, ou elle ne vous est pas accessible. Revenez à votre accueil."
    ),
    405: N_("Cette action n'existe pas ici. Revenez à votre accueil."),
    409: N_(
        "Cette action n'est plus possible : la donnée a changé entre-temps. Rechargez la page."
    ),
    413: N_("L'envoi est trop volumineux."),
    422: N_("Certaines informations ne conviennent pas. Corrigez-les et recommencez."),
    429: N_("Trop de tentatives. Attendez une minute avant de réessayer."),
    500: N_("Une erreur s'est produite de notre côté ; rien n'a été changé. Elle a été consignée."),
}
TITLES = {
    400: N_("Demande illisible"),
    403: N_("Action non autorisée"),
    404: N_("Page introuvable"),
    405: N_("Action inconnue"),
    409: N_("Conflit"),
    413: N_("Trop volumineux"),
    422: N_("Informations à corriger"),
    429: N_("Trop de tentatives"),
    500: N_("Erreur interne"),
}
#: The fields of the pages' forms, named in French for the messages.
FIELD_MESSAGES = {
    "form": N_("Choisissez une forme de contribution."),
    "quantity": N_("Indiquez une quantité supérieure à 0 (3 décimales au plus)."),
    "date": N_("Indiquez une date valide."),
    "receiver": N_("Choisissez à qui la contribution est donnée."),
    "receiver_member": N_("Indiquez la référence du membre qui reçoit."),
    "receiver.member": N_("Ce membre n'existe pas dans le réseau."),
    "receiver.group": N_("Ce groupe de travail n'existe pas."),
    "receiver.project": N_("Ce projet n'existe pas."),
    "giver": N_("Vous ne pouvez déclarer que ce que donne votre structure."),
    "giver.member": N_("Vous ne pouvez déclarer que ce que donne votre structure."),
    "entry": N_("Cochez au moins une contribution."),
    "action": N_("Choisissez valider ou refuser."),
    "reason": N_("Un motif est nécessaire pour refuser."),
    "status": N_("Une des contributions cochées a déjà été traitée : rien n'a été changé."),
    "rates": N_("Aucun taux n'est en vigueur à cette date : ajoutez-en un avant de valider."),
    "password": N_(
        "Choisissez un mot de passe de 12 caractères au moins, autre que votre adresse."
    ),
    "new_password": N_(
        "Choisissez un mot de passe de 12 caractères au moins, autre que votre adresse."
    ),
    "password_again": N_("Les deux mots de passe ne sont pas les mêmes."),
    "new_password_again": N_("Les deux mots de passe ne sont pas les mêmes."),
    "existing_password": N_("Ce n'est pas le mot de passe du compte qui utilise cette adresse."),
    "current_password": N_("Le mot de passe actuel n'est pas le bon."),
    "display_name": N_("Votre nom : 200 caractères au plus."),
    "email": N_("Indiquez une adresse électronique valide."),
    "name": N_("Donnez un nom au jeton (100 caractères au plus)."),
    "scope": N_("Choisissez lecture seule, ou lecture et écriture."),
    "confirm_entry": N_("Cette contribution n'attend plus votre confirmation : rien n'a été fait."),
    "period": N_("Choisissez une des périodes proposées."),
    "checkin_code": N_(
        "Ce code n'est pas le bon, ou cette réunion ne concerne pas votre structure. "
        "Demandez le code affiché en séance."
    ),
    "code": N_("Le pointage est ouvert la veille, le jour et le lendemain de la réunion."),
    "people": N_("Indiquez combien de personnes de votre structure sont présentes (1 au moins)."),
    "member": N_("Cette structure a déjà pointé sa présence à cette réunion."),
    "text": N_("Écrivez votre réponse (5 000 caractères au plus)."),
    "expires_in_days": N_("Indiquez une durée en jours, de 1 au maximum indiqué."),
    "language": N_("Choisissez le français ou l'anglais."),
}


def problem_messages(
    refused: DomainError,
    locale: str,
    own: Mapping[str, str] | None = None,
    conflicts: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Field → what to do, in the visitor's language; ``""`` holds what names no field.

    A page's ``own`` words come first (and its ``conflicts`` words for a 409), then the shared
    :data:`FIELD_MESSAGES`; a field is looked up by its whole path (``receiver.member``), then by
    its first part (``attendance`` for ``attendance.member``), and keyed by what was found."""
    tables = [t for t in (conflicts if refused.status == 409 else None, own) if t]
    tables.append(FIELD_MESSAGES)
    messages: dict[str, str] = {}
    for problem in refused.errors:
        field, known = problem.field, None
        for name in dict.fromkeys((problem.field, problem.field.split(".")[0])):
            known = next((t[name] for t in tables if name in t), None)
            if known:
                field = name
                break
        if known:
            messages[field] = gettext(locale, known)
        elif locale == "fr" and problem.message_fr:
            messages[field] = problem.message_fr
        else:
            messages[field] = f"{field} : {problem.message}"
    if not messages:
        messages[""] = refused.detail
    return messages


def error_page(request: Request[Any, Any, Any], status: int, detail: str = "") -> Response[Any]:
    from raviv.web.rendering import page  # rendering needs the templates' engine, set up later

    status = status if status in ADVICE else (500 if status >= 500 else 400)
    return page(
        request,
        "error.html",
        status_code=status,
        status=status,
        title=TITLES[status],
        advice=ADVICE[status],
        detail=detail,
        request_id=request_id(request.scope),
    )


def _on_domain(request: Request[Any, Any, Any], exc: DomainError) -> Response[Any]:
    if isinstance(exc, UnauthorizedError):
        return Redirect("/", status_code=303)
    return error_page(request, exc.status)


def _on_validation(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    return error_page(request, 400)


def _on_http(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    return error_page(request, exc.status_code)


def _on_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    request.logger.exception("unhandled error on a page", exc_info=exc)
    return error_page(request, 500)


#: Paths that are never pages: their errors keep the API's problem documents.
NOT_PAGES = ("/api/", "/schema", "/static/", "/metrics", "/health", "/ping", "/admin")


def wants_page(request: Request[Any, Any, Any]) -> bool:
    """A browser asking for a page (an address typed or followed), not a program."""
    path = request.url.path
    return not path.startswith(NOT_PAGES) and "text/html" in request.headers.get("accept", "")


def with_error_pages(handlers: ExceptionHandlersMap) -> ExceptionHandlersMap:
    """The application's handlers, but a browser asking for a page no route serves (404, 405)
    gets an error page; anything else, the API's problem document."""
    api = handlers[HTTPException]

    def on_http(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
        if wants_page(request):
            return error_page(request, exc.status_code)
        return api(request, exc)

    return {**handlers, HTTPException: on_http}


PAGE_EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    ValidationException: _on_validation,
    DomainError: _on_domain,
    HTTPException: _on_http,
    Exception: _on_unexpected,
}
