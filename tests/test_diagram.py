from __future__ import annotations

from lib.library.diagram import DiagramCase, dot_text, use_case_dot


def test_dot_has_actors_use_cases_and_associations() -> None:
    dot = use_case_dot(
        [
            DiagramCase("UC-1", "Check out a cart", "Shopper", ["Payment service"]),
            DiagramCase("UC-2", "Track an order", "Shopper", ["Carrier"]),
        ]
    )
    assert dot.startswith("digraph") and dot.rstrip().endswith("}")
    assert "cluster_system" in dot
    assert dot.count("shape=ellipse") == 2
    assert dot.count("Shopper") == 1  # one actor shared by both use cases
    assert "Payment service" in dot and "Carrier" in dot
    assert "a0 -> uc0;" in dot and "a0 -> uc1;" in dot
    assert "uc0 -> s0;" in dot and "uc1 -> s1;" in dot


def test_user_text_cannot_break_out_of_a_dot_string() -> None:
    dot = use_case_dot([DiagramCase("UC-1", 'Say "hi"\\ ]; x -> y', 'The "boss"', [])])
    assert 'Say \\"hi\\"\\\\' in dot
    assert 'The \\"boss\\"' in dot
    assert "\nx -> y" not in dot
    assert dot_text('a "b"') == 'a \\"b\\"'
    assert dot_text("one two three", width=7) == "one two\\nthree"


def test_long_titles_and_actor_names_are_cut_in_the_drawing_but_whole_in_the_tooltip() -> None:
    title = "Reconcile the supplier ledger with the bank statement " * 6
    actor = "Accounts payable clerk in the shared service centre for Europe and the Americas"
    dot = use_case_dot([DiagramCase("UC-L", title, actor, [])])
    label = dot.split('uc0 [label="', 1)[1].split('"', 1)[0]
    assert label.endswith("…") and len(label.replace("\\n", " ")) <= 90
    assert f'tooltip="UC-L: {" ".join(title.split())}' in dot.replace("\\n", " ")
    actor_label = dot.split('a0 [label="', 1)[1].split('"', 1)[0]
    assert actor_label.endswith("…") and "Americas" not in actor_label
