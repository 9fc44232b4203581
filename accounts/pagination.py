"""Directory paging: Django's `Paginator`, with the total read in the same query as the rows."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, Subquery, Value
from django.utils.http import urlencode

MOST_PAGES = 2**31  # a page number past any directory, whose OFFSET every database can take
TOTAL = "directory_total"  # the column each row of a page carries the listing's total in


def total_of(queryset):
    """A subquery counting `queryset`'s rows, to be selected beside other columns.

    Grouped by a constant, which Django leaves out of GROUP BY: one count of every row.
    """
    counted = queryset.order_by().annotate(listed=Value(1)).values("listed")
    return Subquery(counted.annotate(total=Count("pk")).values("total"))


class DirectoryPaginator(Paginator):
    """Pages of a listing of users, each read with the listing's total in one query.

    `object_list` is the users listed, in the directory's order; `load_rows(keys)` turns a
    sliced query of their keys into the rows shown (a values() queryset). The keys of a page
    come from the covering index, so counting and skipping never touch a table row; nothing
    is cached, so every worker shows the directory as the database holds it.
    """

    def __init__(self, object_list, per_page, *, load_rows, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.load_rows = load_rows

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
            number = self.num_pages
            rows = self.rows_of(number) if number > 1 else []
        else:
            self.count = 0
        return Page(rows, number, self)

    def rows_of(self, number):
        """The rows of page `number`, each with the listing's total."""
        start = (number - 1) * self.per_page
        keys = self.object_list.values("pk")[start : start + self.per_page]
        return list(self.load_rows(keys).annotate(**{TOTAL: total_of(self.object_list)}))


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
