"""Documents made from model objects (reportlab, pypdf). No Qt."""
