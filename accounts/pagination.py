"""Directory paging: Django's `Paginator`, with the total read in the same query as the rows."""

from django.core.paginator import Page, Paginator
from django.utils.http import urlencode

MOST_PAGES = 2**31  # a page number past any directory, whose OFFSET every database can take
TOTAL = "directory_total"  # the column each row of a page carries the listing's total in


class DirectoryPaginator(Paginator):
    """Pages of a listing of users, each read with the listing's total in one query.

    `object_list` is the users listed, in the directory's order; `load_rows(keys)` turns a
    sliced query of their keys into the rows shown (a values() queryset); `total` is an
    expression giving how many `object_list` has (accounts.models.total_of, or a kept count).
    The keys of a page come from the covering index, so skipping never touches a table row;
    nothing is cached, so every worker shows the directory as the database holds it.
    """

    def __init__(self, object_list, per_page, *, load_rows, total, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.load_rows, self.total = load_rows, total

    def get_page(self, number):
        """The page `number`; as Paginator's, a bad number means page 1, one past the end the
        last page."""
        try:
            number = min(max(int(number), 1), MOST_PAGES)
        except (TypeError, ValueError):
            number = 1
        rows = self.rows_of(number)
        if rows:
            self.count = rows[0][TOTAL]
        elif number > 1:  # past the end: count, then show the last page
            self.count = self.object_list.count()
            number = self.num_pages
            rows = self.rows_of(number) if self.count else []
        else:
            self.count = 0
        return Page(rows, number, self)

    def rows_of(self, number):
        """The rows of page `number`, each with the listing's total."""
        start = (number - 1) * self.per_page
        keys = self.object_list.values("pk")[start : start + self.per_page]
        return list(self.load_rows(keys).annotate(**{TOTAL: self.total}))


def page_links(page, query=""):
    """The links a page's navigation shows: previous, the numbers around it, next.

    Each link is a dict: `number`, `href` (keeping the search), `current`; a gap in the
    numbers is a dict with `gap` set.
    """
    prefix = "?" + (urlencode({"q": query}) + "&" if query else "") + "page="
    numbers = page.paginator.get_elided_page_range(page.number)
    return {
        "previous": f"{prefix}{page.previous_page_number()}" if page.has_previous() else None,
        "next": f"{prefix}{page.next_page_number()}" if page.has_next() else None,
        "numbers": [
            {"number": n, "href": f"{prefix}{n}", "current": n == page.number}
            if isinstance(n, int)
            else {"gap": True}  # the paginator's ELLIPSIS
            for n in numbers
        ],
    }
