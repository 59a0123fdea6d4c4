"""Typos: a word of a query that the catalogue does not know, corrected to the closest
word it does ("facturasion" → "facturación", "granda" → "Granada"), the same way on both
databases.

The vocabulary is ``SearchWord``: every word of the practices' texts and names, as folded
and as written, kept when a practice is saved (``remember``) or seeded, and filled after
``migrate`` if empty (``ensure_vocabulary``). It is read only when a search found nothing,
and again only when it has grown. Distances are optimal string alignment (a swap of two
neighbouring letters is one edit) computed with numpy over every word of a similar length
at once, after a cheaper bound (the letter counts) has set aside the words that cannot be
close: a millisecond or two for tens of thousands of words.

A correction is offered only if the corrected query finds published practices: a word
that only a draft uses suggests nothing, and the vocabulary may keep words that no
practice uses any more.
"""

import re

import numpy as np

from practices.search.stems import STOPWORDS, stem
from practices.text import fold

MIN_LENGTH = 4  # shorter words are not corrected, nor learnt
MAX_LENGTH = 40
MAX_CANDIDATES = 5  # per word, tried in order
MAX_TRIES = 12  # corrected queries tried, at most
_TOKEN = re.compile(r"\w+")


def max_distance(word):
    """Edits allowed: one in a word of up to five letters, two in a longer one."""
    return 1 if len(word) <= 5 else 2


def _learnable(word):
    return MIN_LENGTH <= len(word) <= MAX_LENGTH and word.isalpha()


def words_of(texts):
    """{folded word: written word} of ``texts`` (the first way each is written)."""
    tokens = dict.fromkeys(token for text in texts for token in _TOKEN.findall(text or ""))
    found = {}
    for token in tokens:  # each distinct token folded once (a seed's batch repeats them)
        folded = fold(token)
        if folded not in found and _learnable(folded):
            found[folded] = token.lower()
    return found


def remember(texts, using=None):
    """Add the words of ``texts`` that the vocabulary lacks (one INSERT, in the database
    the router writes to unless ``using`` says)."""
    from practices.models import SearchWord

    found = words_of(texts)
    if found:
        words = SearchWord.objects if using is None else SearchWord.objects.using(using)
        words.bulk_create(
            [SearchWord(word=word, written=written) for word, written in found.items()],
            ignore_conflicts=True,
            batch_size=500,
        )


def ensure_vocabulary(using="default", **kwargs):
    """post_migrate: a catalogue without vocabulary (one from before it existed) learns the
    words of its practices' own fields and names."""
    from django.db import connections

    from practices.models import Practice, SearchWord, search_sources_of

    if SearchWord._meta.db_table not in connections[using].introspection.table_names():
        return  # migrating backwards
    if not Practice.objects.using(using).exists() or SearchWord.objects.using(using).exists():
        return
    practices = Practice.objects.using(using).select_related("provider", "category")
    for practice in practices.iterator(chunk_size=500):
        texts, names = search_sources_of(practice)  # the ficha's fields, not its rows
        remember([*texts, *names], using)


class Vocabulary:
    """The catalogue's words, grouped by length as arrays of character codes."""

    def __init__(self, pairs):
        self.written = dict(pairs)
        self.stems = {stem(word) for word in self.written}
        self.words = sorted(self.written, key=len)
        self.lengths = np.array([len(word) for word in self.words], dtype=np.int16)
        longest = int(self.lengths.max()) if len(self.words) else 0
        # Every word as character codes, padded with zeros to the longest.
        self.codes = np.zeros((len(self.words), longest), dtype=np.uint32)
        for row, word in enumerate(self.words):
            self.codes[row, : len(word)] = [ord(c) for c in word]
        self.letters = letter_counts(self.codes)

    def knows(self, word):
        """Whether the catalogue has the word, or another of the same stem."""
        return word in self.written or stem(word) in self.stems

    def closest(self, word, limit=MAX_CANDIDATES):
        """The known words within ``max_distance`` of ``word``, the closest first (then
        those that begin with the same letter, then the most alike in length)."""
        allowed = max_distance(word)
        low, high = np.searchsorted(self.lengths, [len(word) - allowed, len(word) + allowed + 1])
        if low == high:
            return []
        # An edit changes the letter counts by two at most (a swap, by none): words whose
        # counts differ by more than twice the edits allowed are too far, without aligning.
        query = np.array([[ord(c) for c in word]], dtype=np.uint32)
        apart = np.abs(self.letters[low:high] - letter_counts(query)).sum(axis=1)
        near = low + np.flatnonzero(apart <= 2 * allowed)
        if not len(near):
            return []
        lengths = self.lengths[near]
        codes = self.codes[near, : int(lengths.max())]
        distances = osa_distances(word, codes, lengths)
        found = [
            (int(distances[i]), self.words[near[i]]) for i in np.flatnonzero(distances <= allowed)
        ]
        found.sort(key=lambda c: (c[0], c[1][0] != word[0], abs(len(c[1]) - len(word)), c[1]))
        return [candidate for _distance, candidate in found[:limit]]


def letter_counts(codes):
    """How many of each letter a..z (and of any other character, together) each row of
    ``codes`` has: an (n, 27) array."""
    counts = np.zeros((len(codes), 27), dtype=np.int16)
    rows = np.arange(len(codes))
    for column in codes.T:
        letter = np.where((column >= 97) & (column <= 122), column.astype(np.int64) - 97, 26)
        present = column != 0
        np.add.at(counts, (rows[present], letter[present]), 1)
    return counts


def osa_distances(word, codes, lengths):
    """Optimal string alignment distance from ``word`` to each row of ``codes`` (n words
    as character codes, padded with zeros; ``lengths``: each one's length), computed for
    all rows at once, in one pass whatever their lengths."""
    n, width = codes.shape
    query = np.array([ord(c) for c in word], dtype=np.uint32)
    before = None
    previous = np.tile(np.arange(width + 1, dtype=np.int16), (n, 1))
    for i in range(1, len(word) + 1):
        current = np.empty_like(previous)
        current[:, 0] = i
        for j in range(1, width + 1):
            substitution = previous[:, j - 1] + (codes[:, j - 1] != query[i - 1])
            best = np.minimum(np.minimum(previous[:, j], current[:, j - 1]) + 1, substitution)
            if i > 1 and j > 1:
                swapped = (codes[:, j - 1] == query[i - 2]) & (codes[:, j - 2] == query[i - 1])
                best = np.where(swapped, np.minimum(best, before[:, j - 2] + 1), best)
            current[:, j] = best
        before, previous = previous, current
    return previous[np.arange(n), lengths]


_VOCABULARY = {"size": None, "vocabulary": None}


def vocabulary(using="default"):
    """The ``Vocabulary``, read again when it has grown (words are only ever added, so
    their number tells: one COUNT, not the whole table, after each edit)."""
    from practices.models import SearchWord

    words = SearchWord.objects.using(using)
    size = words.count()
    if _VOCABULARY["vocabulary"] is None or _VOCABULARY["size"] != size:
        pairs = words.values_list("word", "written").iterator(5000)
        _VOCABULARY.update(size=size, vocabulary=Vocabulary(pairs))
    return _VOCABULARY["vocabulary"]


def correction(q, finds, known_phrases=(), using="default"):
    """``q`` with each word the catalogue does not know replaced by the closest one it
    does, as it is written there ("facturasion en linea" → "facturación en linea"), if
    ``finds(corrected)`` (the caller's test: published practices match); else None.
    Words of the thesaurus (``known_phrases``: by their stems) and stop words are never
    corrected."""
    tokens = _TOKEN.findall(q)
    words = vocabulary(using)
    options = {}
    for index, token in enumerate(tokens):
        folded = fold(token)
        if (
            _learnable(folded)
            and folded not in STOPWORDS
            and stem(folded) not in known_phrases
            and not words.knows(folded)
        ):
            candidates = words.closest(folded)
            if candidates:
                options[index] = [words.written[c] for c in candidates]
    if not options:
        return None
    chosen = {index: candidates[0] for index, candidates in options.items()}

    def query():
        return " ".join(chosen.get(index, token) for index, token in enumerate(tokens))

    tries = 0
    for index, candidates in options.items():
        for candidate in candidates:
            chosen[index] = candidate
            tries += 1
            if finds(query()):
                break
            if tries >= MAX_TRIES:
                return None
        else:
            chosen[index] = candidates[0]
    corrected = query()
    return corrected if finds(corrected) else None
