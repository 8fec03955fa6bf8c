"""Putting the rendered parts together: one PDF, one structure tree, page footers on top.

Each part (the letter, then each chunk of signature pages) comes from WeasyPrint as a tagged
PDF. Merging PDFs usually drops the tags; here each part's structure elements join one
Document element and its parent tree is renumbered, so screen readers can still read it all.
The footers, numbered across every part, are drawn on each page as marked artifacts.
"""

from collections.abc import Iterator
from io import BytesIO
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)


def _number_tree_pairs(node: Any) -> Iterator[tuple[int, Any]]:
    node = node.get_object()
    if "/Nums" in node:
        nums = node["/Nums"]
        for index in range(0, len(nums), 2):
            yield int(nums[index]), nums[index + 1]
    for kid in node.get("/Kids", []):
        yield from _number_tree_pairs(kid)


def _as_list(value: Any) -> list[Any]:
    value = value.get_object() if isinstance(value, IndirectObject) else value
    return list(value) if isinstance(value, ArrayObject) else [value]


def assemble(parts: list[bytes], footers: bytes, *, metadata: dict[str, str], lang: str) -> bytes:
    writer = PdfWriter()
    document = DictionaryObject(
        {NameObject("/Type"): NameObject("/StructElem"), NameObject("/S"): NameObject("/Document")}
    )
    document_ref = writer._add_object(document)
    children = ArrayObject()
    parent_tree = ArrayObject()
    next_key = 0
    extra_root: dict[str, PdfObject] = {}

    for data in parts:
        reader = PdfReader(BytesIO(data))
        first = len(writer.pages)
        for source_page in reader.pages:
            added = writer.add_page(source_page)
            # pypdf drops a page's key into the parent tree when copying it; put it back.
            if "/StructParents" in source_page:
                added[NameObject("/StructParents")] = NumberObject(source_page["/StructParents"])
        catalog_in: Any = reader.trailer["/Root"]
        if "/StructTreeRoot" not in catalog_in:
            continue
        tree: Any = catalog_in["/StructTreeRoot"].get_object()
        for name in ("/Namespaces", "/RoleMap", "/ClassMap"):
            if name in tree and name not in extra_root:
                extra_root[name] = tree[name].clone(writer)
        for top in _as_list(tree["/K"]):
            top = top.get_object()
            # WeasyPrint wraps everything in one Document element: keep its children.
            kids = _as_list(top["/K"]) if top.get("/S") == "/Document" else [top]
            for kid in kids:
                kid_object = kid.get_object()
                if not isinstance(kid_object, DictionaryObject):
                    continue
                clone = kid_object.clone(writer, ignore_fields=["/P"])
                clone[NameObject("/P")] = document_ref
                children.append(clone.indirect_reference or writer._add_object(clone))
        highest = -1
        for key, value in _number_tree_pairs(tree["/ParentTree"]):
            parent_tree.append(NumberObject(key + next_key))
            parent_tree.append(value.clone(writer))
            highest = max(highest, key)
        for page in writer.pages[first:]:
            if "/StructParents" in page:
                shifted = int(page["/StructParents"]) + next_key  # type: ignore[call-overload]
                page[NameObject("/StructParents")] = NumberObject(shifted)
            for annotation in page.get("/Annots", []):
                annotation = annotation.get_object()
                if "/StructParent" in annotation:
                    annotation[NameObject("/StructParent")] = NumberObject(
                        annotation["/StructParent"] + next_key
                    )
        next_key += highest + 1

    document[NameObject("/K")] = children
    tree_root = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/StructTreeRoot"),
            NameObject("/K"): ArrayObject([document_ref]),
            NameObject("/ParentTree"): writer._add_object(
                DictionaryObject({NameObject("/Nums"): parent_tree})
            ),
            NameObject("/ParentTreeNextKey"): NumberObject(next_key),
            **{NameObject(name): value for name, value in extra_root.items()},
        }
    )
    tree_root_ref = writer._add_object(tree_root)
    document[NameObject("/P")] = tree_root_ref
    catalog = writer.root_object
    catalog[NameObject("/StructTreeRoot")] = tree_root_ref
    catalog[NameObject("/MarkInfo")] = DictionaryObject(
        {NameObject("/Marked"): BooleanObject(True)}
    )
    catalog[NameObject("/Lang")] = TextStringObject(lang)
    catalog[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)}
    )

    _draw_footers(writer, footers)
    writer.add_metadata(metadata)
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def _draw_footers(writer: PdfWriter, footers: bytes) -> None:
    reader = PdfReader(BytesIO(footers))
    if len(reader.pages) != len(writer.pages):
        raise ValueError(f"{len(reader.pages)} footers for {len(writer.pages)} pages")
    page: Any
    footer: Any
    for number, (page, footer) in enumerate(zip(writer.pages, reader.pages, strict=True), 1):
        form = DecodedStreamObject()
        form.set_data(footer.get_contents().get_data())
        form.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): footer.mediabox,
                # Cloned through the writer: the footers' font is copied once, not per page.
                NameObject("/Resources"): footer["/Resources"].clone(writer),
            }
        )
        form_ref = writer._add_object(form.flate_encode())
        resources: Any = page["/Resources"].get_object()
        xobjects = resources.get("/XObject")
        if xobjects is None:
            xobjects = DictionaryObject()
            resources[NameObject("/XObject")] = xobjects
        # Pages of one part share their resources: each footer needs a name of its own.
        name = f"/CosignFooter{number}"
        xobjects.get_object()[NameObject(name)] = form_ref
        # The page's own drawing is closed off in q/Q; the footer is an artifact, outside the
        # structure tree, as page furniture should be.
        content = DecodedStreamObject()
        content.set_data(
            b"q\n"
            + page.get_contents().get_data()
            + f"\nQ\n/Artifact BMC\nq {name} Do Q\nEMC\n".encode()
        )
        page.replace_contents(content.flate_encode())
