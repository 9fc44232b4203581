"""Directory paging: Django's `Paginator`, with the total read in the same query as the rows."""

from django.core.paginator import Page, Paginator
from django.utils.http import urlencode

MOST_PAGES = 2**31  # a page number past any directory, whose OFFSET every database can take
TOTAL = "directory_total"  # the column each row of a page carries the listing's total in


class DirectoryPaginator(Paginator):
    """Pages of a listing of users, each read with the listing's total in one query.

    `object_list` is the users listed, in the directory's order; `load_rows(keys)` turns a
    sliced query of their keys into the rows shown (a values() queryset); `total` is an
    expression giving how many `object_list` has (a kept count, or a count of a search).
    The keys of a page come from the covering index, so skipping never touches a table row;
    nothing is cached, so every worker shows the directory as the database holds it.
    """

    def __init__(self, object_list, per_page, *, load_rows, total, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.load_rows, self.total = load_rows, total

    def get_page(self, number):
        """The page `number`: page 1 for anything but a whole number of 1 or more, the last
        page for one past the end."""
        try:
            number = min(max(int(number), 1), MOST_PAGES)
        except (TypeError, ValueError):
            number = 1
        rows = self.rows_of(number)
        start = (number - 1) * self.per_page
        if 0 < len(rows) <= self.per_page:  # the last page: its rows say how many there are
            self.count = start + len(rows)
        elif rows and rows[0][TOTAL] > start + self.per_page:
            self.count = rows[0][TOTAL]
        elif rows:  # a kept count behind its rows (see accounts.directory_counts): count them
            self.count = self.object_list.count()
        elif number > 1:  # past the end: count, then show the last page
            self.count = self.object_list.count()
            number = self.num_pages
            rows = self.rows_of(number) if self.count else []
        else:
            self.count = 0
        return Page(rows[: self.per_page], number, self)

    def rows_of(self, number):
        """The rows of page `number` and the next page's first, each with the listing's total."""
        start = (number - 1) * self.per_page
        keys = self.object_list.values("pk")[start : start + self.per_page + 1]
        return list(self.load_rows(keys).annotate(**{TOTAL: self.total}))


def page_links(page, query="", **kept):
    """The links a page's navigation shows: previous, the numbers around it, next.

    Each link is a dict: `number`, `href` (keeping the search and the `kept` parameters that
    are set), `current`; a gap in the numbers is a dict with `gap` set.
    """
    params = {name: value for name, value in {"q": query, **kept}.items() if value}
    prefix = "?" + (urlencode(params) + "&" if params else "") + "page="
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
