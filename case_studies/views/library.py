"""The good-practice library, for anyone with no account: published case studies and resources.

Unpublished case studies and their attachments are reached only through get_case_study_for_user,
which is a 404 for everyone but their champion's staff and programme staff.
"""

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from case_studies.forms.library import CASE_STUDY, RESOURCE, LibraryFilterForm, library_rows
from case_studies.models import Attachment, CaseStudy, Resource
from case_studies.uploads import TYPES
from case_studies.views.access import get_case_study_for_user
from champions_portal.public_cache import Fragment, query_key

PER_PAGE = 20
FEED_SIZE = 20
# What a person is told a file is: "PDF", "Word document"...
FILE_TYPE_NAMES = {
    TYPES["pdf"][1]: "PDF",
    TYPES["docx"][1]: "Word document",
    TYPES["odt"][1]: "OpenDocument text",
    TYPES["jpeg"][1]: "JPEG image",
    TYPES["png"][1]: "PNG image",
    TYPES["gif"][1]: "GIF image",
}


def _publications(rows) -> list[CaseStudy | Resource]:
    """The case studies and resources named by library_rows, in the same order, with what a listing shows."""
    rows = list(rows)
    found = {
        kind: model.objects.published().for_listing().in_bulk([pk for pk, _, row_kind in rows if row_kind == kind])
        for kind, model in ((CASE_STUDY, CaseStudy), (RESOURCE, Resource))
    }
    # Something unpublished since the first query is left out rather than failing.
    return [found[kind][pk] for pk, _, kind in rows if pk in found[kind]]


def _file_type(content_type: str) -> str:
    return FILE_TYPE_NAMES.get(content_type, "File")


# What the library and a case study's page show: case studies, their attachments and resources; champions,
# regions, local authorities, quarters and themes. A change to any gives the topic a new version (page_cache.py).
PAGE_TOPICS = ("case_studies", "regions")


def _may_remove_resources(user) -> bool:
    return user.is_authenticated and (user.is_programme_staff or user.is_champion_staff)


@require_safe
def library(request):
    """The library. Its shared part comes from the cache, keyed by the query string, for everyone who sees no
    "Remove" links (anyone but programme and champion staff, whose pages are built each time)."""
    shared_by_all = not _may_remove_resources(request.user)
    fragment = Fragment("library", topics=PAGE_TOPICS, key=query_key(request.GET))
    context = {}
    if (shared := fragment.get(timezone.now()) if shared_by_all else None) is None:
        context = _library_context(request)
        shared = {
            "errors": bool(context["form"].errors),
            "page_number": context["page"].number,
            "num_pages": context["page"].paginator.num_pages,
            "content": render_to_string("case_studies/library/_library.html", context, request),
        }
        if shared_by_all:
            fragment.set(shared)
    return render(request, "case_studies/library/library.html", {"shared": shared, **context})


def _library_context(request) -> dict:
    form = LibraryFilterForm(request.GET)
    page = Paginator(form.rows(), PER_PAGE).get_page(request.GET.get("page"))
    publications = _publications(page.object_list)
    for item in publications:
        item.is_case_study = isinstance(item, CaseStudy)
        item.file_type = "" if item.is_case_study else _file_type(item.content_type)
        item.removable = not item.is_case_study and item.can_remove(request.user)
    return {
        "form": form,
        "page": page,
        "publications": publications,
        "filtered": any(form.data.get(name) for name in form.fields),
    }


@require_safe
def case_study_detail(request, pk: int):
    """A case study's page. A published one's, but for the review link, comes from the cache (so a hit needs no
    access check: only a published case study is kept); an unpublished one's is never kept."""
    fragment = Fragment("case_study_detail", topics=PAGE_TOPICS, key=str(pk))
    context = {}
    if (shared := fragment.get(timezone.now())) is None:
        case_study = get_case_study_for_user(request, pk)
        attachments = list(case_study.attachments.all())
        for attachment in attachments:
            attachment.file_type = _file_type(attachment.content_type)
        context = {
            "case_study": case_study,
            "themes": case_study.themes.all(),
            "local_authorities": case_study.local_authorities.all(),
            "attachments": attachments,
            # Programme staff may edit too, but the template offers them the review link first.
            "can_edit": case_study.is_editable and case_study.can_edit_as_owner_or_staff(request.user),
        }
        shared = {
            "title": case_study.title,
            "published": case_study.status == CaseStudy.Status.PUBLISHED,
            "body": render_to_string("case_studies/library/_case_study_detail.html", context, request),
        }
        if shared["published"]:
            fragment.set(shared)
    user = request.user
    response = render(
        request,
        "case_studies/library/case_study_detail.html",
        {"shared": shared, "pk": pk, "can_review": user.is_authenticated and user.is_programme_staff, **context},
    )
    if not shared["published"]:
        add_never_cache_headers(response)
    return response


def _file_response(file, *, filename: str, content_type: str) -> FileResponse:
    try:
        opened = file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The file is missing") from missing
    response = FileResponse(opened, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def attachment_download(request, pk: int):
    """An attachment, only for those who may see its case study: a 404 for everyone else."""
    attachment = get_object_or_404(Attachment, pk=pk)
    case_study = get_case_study_for_user(request, attachment.case_study_id)
    response = _file_response(attachment.file, filename=attachment.original_name, content_type=attachment.content_type)
    if case_study.status != CaseStudy.Status.PUBLISHED:
        add_never_cache_headers(response)
    return response


@require_safe
def resource_download(request, pk: int):
    """A published resource's file, or its link when it has no file. Removed ones are a 404."""
    resource = get_object_or_404(Resource.objects.published(), pk=pk)
    if not resource.file:
        return redirect(resource.link)
    return _file_response(
        resource.file,
        filename=resource.original_name or resource.file.name.rsplit("/", 1)[-1],
        content_type=resource.content_type or "application/octet-stream",
    )


class LibraryFeed(Feed):
    """An Atom feed of the newest case studies and resources in the library."""

    feed_type = Atom1Feed
    title = "Good practice library: SEND pathfinder champions"
    subtitle = "New case studies and resources from the SEND pathfinder champions and the programme."

    def link(self):
        return reverse("case_studies:library")

    def items(self):
        return _publications(library_rows()[:FEED_SIZE])

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        return item.summary if isinstance(item, CaseStudy) else item.description

    def item_link(self, item) -> str:
        return item.get_absolute_url() if isinstance(item, CaseStudy) else item.get_download_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        # Atom requires <updated> on every entry; nothing published changes without being published again.
        return item.published_at

    def item_author_name(self, item) -> str:
        if isinstance(item, CaseStudy):
            return item.champion.name
        return item.champion.name if item.champion else "SEND pathfinder champions programme"

    def item_categories(self, item) -> list[str]:
        return [theme.name for theme in item.themes.all()]
