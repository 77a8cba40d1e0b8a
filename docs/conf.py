"""Sphinx configuration of photodrag's documentation site.

Build (warnings are errors): ``pip install -e ".[docs]"`` then
``python -m sphinx -W -b html docs docs/_build/html``. Nothing here reaches the network: no
intersphinx inventories, MathJax served from the build (sphinx-mathjax-offline).
"""

import sys
from pathlib import Path

import photodrag

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

project = "photodrag"
author = "the photodrag authors"
copyright = "the photodrag authors, MIT licence"
version = release = photodrag.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",  # numpydoc uses its tables
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "sphinx_design",  # the cards of the front page
    "sphinx-mathjax-offline",  # MathJax from the built site, not from a CDN
    "api_pages",  # docs/api/*.rst from the public namespaces' __all__
    "config_schema",  # the {config-schema} directive: the config reference from config/schema.yaml
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "auto_examples/*.ipynb", "auto_examples/*.py", "auto_examples/*.zip",
                    "auto_examples/*.json", "auto_examples/*.md5", "**.codeobj.json"]
templates_path = []

# ---------------------------------------------------------------- Markdown (MyST)
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_fence_as_directive = ["math"]  # the ```math blocks of docs/*.md, rendered as on GitHub
myst_heading_anchors = 3  # GitHub's #section-name anchors of the existing pages
myst_ref_domains = ["std", "py"]  # [name](#photodrag.spectra) links to the API

# ---------------------------------------------------------------- API (autodoc + numpydoc)
autodoc_typehints = "none"  # the numpydoc sections state types, units and shapes
autodoc_member_order = "bysource"
autodoc_default_options = {"show-inheritance": False}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
add_module_names = True

# ---------------------------------------------------------------- gallery
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",  # every example runs at build time
    "within_subsection_order": "FileNameSortKey",
    "download_all_examples": False,
    "remove_config_comments": True,
    "matplotlib_animations": False,
    "image_scrapers": ("matplotlib",),
    "reset_modules": ("matplotlib",),
    "show_memory": False,
    "min_reported_time": 1,
    "first_notebook_cell": None,
    "abort_on_example_error": True,
}

# ---------------------------------------------------------------- HTML
html_theme = "pydata_sphinx_theme"
html_title = f"photodrag {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "header_links_before_dropdown": 5,
    "secondary_sidebar_items": ["page-toc", "sourcelink"],
}
# The prose pages take the full width: their sections are in the right-hand column.
html_sidebars = {page: [] for page in ("index", "guide", "theory", "configuration", "workflow", "dynamics-and-field",
                                       "magnetic-dipoles", "robustness", "cluster")}
html_static_path = ["_static"]
html_css_files = ["photodrag.css"]
html_show_sourcelink = True
html_last_updated_fmt = None  # the same sources build the same pages
