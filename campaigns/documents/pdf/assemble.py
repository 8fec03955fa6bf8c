"""Putting the rendered parts together: one PDF, one structure tree, page footers on top.

Each part (the letter, then each chunk of signature pages) comes from WeasyPrint as a tagged
PDF. Merging PDFs usually drops the tags; here each part's structure elements join one
Document element and its parent tree is renumbered, so screen readers can still read it all.
The footers, numbered across every part, are drawn on each page as marked artifacts.

pikepdf (qpdf) does the copying: at 100,000 signers it merges ~430,000 objects in seconds and
a few hundred MB, where a pure-Python merge took minutes' worth of CPU and a gigabyte.
"""

from collections.abc import Iterator
from io import BytesIO
from typing import Any

from pikepdf import Array, Dictionary, Name, ObjectStreamMode, Pdf, Stream, String


def _number_tree_pairs(node: Any) -> Iterator[tuple[int, Any]]:
    if "/Nums" in node:
        nums = node.Nums
        for index in range(0, len(nums), 2):
            yield int(nums[index]), nums[index + 1]
    for kid in node.get("/Kids", []):
        yield from _number_tree_pairs(kid)


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, Array) else [value]


def _copy(target: Pdf, source: Pdf, value: Any) -> Any:
    """`value` copied into `target` with everything it refers to. Pages already copied are
    referred to, not copied again; qpdf remembers them per source."""
    return target.copy_foreign(value if value.is_indirect else source.make_indirect(value))


def fold_line_spans(data: bytes) -> bytes:
    """WeasyPrint tags every line of text as a Span of its own inside its paragraph: a
    signature page holds some 170 of them, each a PDF object. Their marked content is handed
    to the paragraph itself, which reads the same to a screen reader, and the merge of a
    100,000-signer letter copies a tenth of the objects (and needs a tenth of the memory)."""
    pdf = Pdf.open(BytesIO(data))
    tree: Any = pdf.Root.get("/StructTreeRoot")
    if tree is None:
        return data
    folded: dict[tuple[int, int], Any] = {}

    def is_line(kid: Any, parent: Any) -> bool:
        return (
            isinstance(kid, Dictionary)
            and kid.get("/S") == Name.Span
            and set(kid.keys()) <= {"/Type", "/S", "/K", "/P", "/Pg"}
            and all(isinstance(mcid, int) for mcid in _as_list(kid.K))
            and "/Pg" in kid
            and "/Pg" in parent
            and kid.Pg.objgen == parent.Pg.objgen
        )

    def visit(element: Any) -> None:
        kids = _as_list(element.get("/K", Array()))
        if kids and all(is_line(kid, element) for kid in kids):
            element.K = Array([mcid for kid in kids for mcid in _as_list(kid.K)])
            for kid in kids:
                folded[kid.objgen] = element
            return
        for kid in kids:
            if isinstance(kid, Dictionary):
                visit(kid)

    for top in _as_list(tree.K):
        visit(top)
    if not folded:
        return data
    for _key, value in _number_tree_pairs(tree.ParentTree):
        if isinstance(value, Array):
            for index, element in enumerate(value):
                if isinstance(element, Dictionary) and element.objgen in folded:
                    value[index] = folded[element.objgen]
    output = BytesIO()
    pdf.save(output, object_stream_mode=ObjectStreamMode.generate, compress_streams=True)
    return output.getvalue()


def assemble(parts: list[Pdf], footers: Pdf, *, metadata: dict[str, str], lang: str) -> bytes:
    pdf = Pdf.new()
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document))
    children = Array()
    parent_tree = Array()
    next_key = 0
    shared: dict[str, Any] = {}

    for part in parts:
        first = len(pdf.pages)
        pdf.pages.extend(part.pages)
        tree: Any = part.Root.get("/StructTreeRoot")
        if tree is None:
            continue
        for name in ("/Namespaces", "/RoleMap", "/ClassMap"):
            if name in tree and name not in shared:
                shared[name] = _copy(pdf, part, tree[name])
        for top in _as_list(tree.K):
            # WeasyPrint wraps everything in one Document element: keep its children.
            kids = _as_list(top.K) if top.get("/S") == Name.Document else [top]
            for kid in kids:
                if not isinstance(kid, Dictionary):
                    continue
                del kid["/P"]  # else the copy would bring the part's whole tree along
                copy = _copy(pdf, part, kid)
                copy.P = document
                children.append(copy)
        highest = -1
        for key, value in _number_tree_pairs(tree.ParentTree):
            parent_tree.append(key + next_key)
            parent_tree.append(_copy(pdf, part, value))
            highest = max(highest, key)
        for page in pdf.pages[first:]:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + next_key
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + next_key
        next_key += highest + 1

    document.K = children
    tree_root = pdf.make_indirect(
        Dictionary(
            Type=Name.StructTreeRoot,
            K=Array([document]),
            ParentTree=pdf.make_indirect(Dictionary(Nums=parent_tree)),
            ParentTreeNextKey=next_key,
        )
    )
    for name, value in shared.items():
        tree_root[name] = value
    document.P = tree_root
    pdf.Root.StructTreeRoot = tree_root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.Lang = String(lang)
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)

    _draw_footers(pdf, footers)
    for field, text in metadata.items():
        pdf.docinfo[field] = text
    output = BytesIO()
    pdf.save(output, object_stream_mode=ObjectStreamMode.generate, compress_streams=True)
    return output.getvalue()


def _draw_footers(pdf: Pdf, footers: Pdf) -> None:
    if len(footers.pages) != len(pdf.pages):
        raise ValueError(f"{len(footers.pages)} footers for {len(pdf.pages)} pages")
    for number, (page, footer) in enumerate(zip(pdf.pages, footers.pages, strict=True), 1):
        form = pdf.copy_foreign(footer.as_form_xobject())
        # Pages of one part share their resources: each footer needs a name of its own.
        name = page.add_resource(form, Name.XObject, Name(f"/CosignFooter{number}"))
        # The page's own drawing is closed off in q/Q; the footer is an artifact, outside the
        # structure tree, as page furniture should be.
        page.contents_add(Stream(pdf, b"q\n"), prepend=True)
        page.contents_add(Stream(pdf, f"\nQ\n/Artifact BMC\nq {name} Do Q\nEMC\n".encode()))
