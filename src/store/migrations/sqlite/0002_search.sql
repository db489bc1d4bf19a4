-- Search index (docs/search.md). Needs the "gx" FTS5 tokenizer registered on the connection
-- (sqlite_search_register_tokenizer) before this runs and before any search.
-- rowid = entity code << 48 | record id (customer 1, contact 2, lead 3, ticket 4).
-- body: the record's folded fields separated by U+001F (codes and phones marked U+0002 for
-- exact matching); py: pinyin full spelling and initials of their Chinese text.
-- prefix='2 3' keeps 2- and 3-character prefix posting lists so short queries read one list;
-- columnsize=0 because results are ranked by class, not by bm25.
CREATE VIRTUAL TABLE search_fts USING fts5(
    body,
    py,
    tokenize = 'gx',
    prefix = '2 3',
    columnsize = 0
);
