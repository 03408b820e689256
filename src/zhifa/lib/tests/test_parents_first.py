"""parents_first: a stable order in which every record follows the records it names."""

from zhifa.lib.parents_first import parents_first


def order(rows):
    return [r[0] for r in parents_first(rows, lambda r: r[0], lambda r: r[1:])]


def test_children_before_parents_are_reordered_and_the_rest_keeps_the_file_order():
    rows = [
        ("110105001", "110105"),
        ("110105", "110000"),
        ("x", ""),
        ("110000",),
        ("120116", "120000"),
        ("120000",),
    ]
    assert order(rows) == ["110000", "110105", "110105001", "x", "120000", "120116"]


def test_keys_outside_the_batch_and_cycles_keep_their_place():
    assert order([("a", "stored"), ("b", "a")]) == ["a", "b"]
    assert order([("a", "b"), ("b", "a"), ("c", "c")]) == ["b", "a", "c"]


def test_a_long_chain_does_not_recurse():
    rows = [(str(i), str(i + 1)) for i in range(5000)] + [("5000",)]
    assert order(rows)[:2] == ["5000", "4999"]
