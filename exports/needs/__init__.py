"""The attachment-needs map's PDF for our therapist, and its part of the session packet (#12).

:mod:`~exports.needs.map_layout` is the map's plain arithmetic (where each card,
commitment and line goes), shared with the map on screen.
"""
