"""/api/v1/docs: the API's OpenAPI document rendered on the server, in Spanish.

Ninja's Swagger UI loads JavaScript (from a CDN when ninja is not an installed app); this
page needs neither: a Django template lists each endpoint, its parameters and responses,
with an example request and an example answer built from the document's own examples.
"""

import json

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.openapi.docs import DocsBase

METHODS = ("get", "post", "put", "patch", "delete")
PARAMETER_PLACES = {
    "query": gettext_lazy("consulta"),
    "path": gettext_lazy("ruta"),
    "header": gettext_lazy("encabezado"),
}
FORMATS = {
    "date": gettext_lazy("fecha (AAAA-MM-DD)"),
    "date-time": gettext_lazy("fecha y hora (ISO 8601)"),
    "uri": gettext_lazy("dirección (URL)"),
}
TYPES = {
    "string": gettext_lazy("texto"),
    "integer": gettext_lazy("entero"),
    "number": gettext_lazy("número"),
    "boolean": gettext_lazy("booleano"),
    "object": gettext_lazy("objeto"),
    "null": "null",
}


def ref_name(ref):
    return ref.rsplit("/", 1)[-1]


def resolve(schema, components):
    while "$ref" in schema:
        schema = components[ref_name(schema["$ref"])]
    return schema


def type_label(schema):
    """A short Spanish description of a JSON Schema type: "lista de texto", "entero (1–100)"."""
    if "$ref" in schema:
        return ref_name(schema["$ref"])
    if "anyOf" in schema:
        return _(" o ").join(type_label(option) for option in schema["anyOf"])
    kind = schema.get("type")
    if kind == "array":
        return _("lista de %(item)s") % {"item": type_label(schema.get("items", {}))}
    label = str(FORMATS.get(schema.get("format")) or TYPES.get(kind, kind or _("cualquiera")))
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        label += f" ({low}–{high})"
    elif low is not None:
        label += f" (≥ {low})"
    if schema.get("enum"):
        values = ", ".join(f"«{value}»" for value in schema["enum"])
        label += " " + _("(uno de: %(values)s)") % {"values": values}
    return label


def example(schema, components, depth=0):
    """An example value of ``schema``: its own example, else one built from its parts."""
    if depth > 8:
        return None
    if "$ref" in schema:
        return example(resolve(schema, components), components, depth + 1)
    if schema.get("examples"):
        return schema["examples"][0]
    if "example" in schema:
        return schema["example"]
    if "default" in schema:
        return schema["default"]
    if "anyOf" in schema:
        options = [o for o in schema["anyOf"] if o.get("type") != "null"] or schema["anyOf"]
        return example(options[0], components, depth + 1)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return {
            name: example(part, components, depth + 1)
            for name, part in schema.get("properties", {}).items()
        }
    if kind == "array":
        return [example(schema.get("items", {}), components, depth + 1)]
    if schema.get("enum"):
        return schema["enum"][0]
    return {"string": "", "integer": 0, "number": 0, "boolean": False}.get(kind)


def fields_of(schema, components):
    """The rows of a schema's table: name, type, required, description."""
    schema = resolve(schema, components)
    required = set(schema.get("required", []))
    return [
        {
            "name": name,
            "type": type_label(part),
            "ref": ref_name(part["$ref"]) if "$ref" in part else _item_ref(part),
            "required": name in required,
            "description": part.get("description", ""),
        }
        for name, part in schema.get("properties", {}).items()
    ]


def _item_ref(schema):
    items = schema.get("items", {})
    return ref_name(items["$ref"]) if "$ref" in items else None


def _default(value):
    """A default worth showing ("1", "20"), or "" for none, an empty text or list."""
    return "" if value in (None, "", []) else str(value)


def _json(value):
    return json.dumps(value, ensure_ascii=False, indent=2)


def parameter(spec):
    """A parameter's row: a repeatable one is described by its items ("texto, repetible")."""
    schema = spec.get("schema", {})
    repeatable = schema.get("type") == "array"
    value = spec.get("example", schema.get("example"))
    if repeatable and isinstance(value, list):
        value = value[0] if value else None
    return {
        "name": spec["name"],
        "place": PARAMETER_PLACES.get(spec["in"], spec["in"]),
        "type": type_label(schema.get("items", {}) if repeatable else schema),
        "required": spec.get("required", False),
        "repeatable": repeatable,
        "description": spec.get("description") or schema.get("description", ""),
        "default": _default(schema.get("default")),
        "example": "" if value is None else str(value),
    }


def endpoints(document):
    """Every operation of the document, ready for the template."""
    components = document.get("components", {}).get("schemas", {})
    result = []
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            parameters = [parameter(p) for p in operation.get("parameters", [])]
            answers = []
            for status, answer in sorted(operation.get("responses", {}).items()):
                schema = answer.get("content", {}).get("application/json", {}).get("schema", {})
                answers.append(
                    {
                        "status": status,
                        "description": answer.get("description", ""),
                        "type": type_label(schema) if schema else "",
                        "example": _json(example(schema, components)) if schema else "",
                    }
                )
            examples = []
            for suffix in operation.get("x-ejemplos", []):
                if "{" in path:  # a path parameter: the example is its value
                    examples.append(path.split("{", 1)[0] + suffix)
                else:
                    examples.append(path + suffix)
            result.append(
                {
                    "id": operation.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "tags": operation.get("tags", []),
                    "parameters": parameters,
                    "responses": answers,
                    "examples": examples or ([path] if "{" not in path else []),
                }
            )
    return result


def _refs(value):
    """The names of the schemas ``value`` refers to, directly."""
    if isinstance(value, dict):
        found = [ref_name(value["$ref"])] if "$ref" in value else []
        return found + [name for part in value.values() for name in _refs(part)]
    if isinstance(value, list):
        return [name for part in value for name in _refs(part)]
    return []


def schemas(document):
    """The schemas the responses use (the parameters' models are shown as parameters)."""
    components = document.get("components", {}).get("schemas", {})
    answers = [
        answer
        for item in document.get("paths", {}).values()
        for operation in item.values()
        if isinstance(operation, dict)
        for answer in operation.get("responses", {}).values()
    ]
    order, pending = [], _refs(answers)
    while pending:
        name = pending.pop(0)
        if name not in order and name in components:
            order.append(name)
            pending += _refs(components[name])
    return [
        {
            "name": name,
            "description": components[name].get("description", ""),
            "fields": fields_of(components[name], components),
        }
        for name in order
    ]


class ServerRenderedDocs(DocsBase):
    """Ninja's docs view, as a server-rendered page of the site (no script, no CDN)."""

    template = "practices/api_docs.html"

    def render_page(self, request, api, **kwargs):
        document = api.get_openapi_schema(path_params=kwargs)
        context = {
            "api": document.get("info", {}),
            "openapi_url": self.get_openapi_url(api, kwargs),
            "endpoints": endpoints(document),
            "schemas": schemas(document),
        }
        return render(request, self.template, context)
