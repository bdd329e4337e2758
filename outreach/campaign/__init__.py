"""Where each state stands: the campaign's records and standings, rubric scoring, content
loading, review and editing, pages, the tile map, talking points.
"""
