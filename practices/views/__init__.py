"""The public pages: the catalogue (list, ficha, exports of a list), the site's own pages
(home, style guide, data-treatment policy) and the printable ficha."""
