"""What every HTTP audience shares (citizen pages, the staff console, the APIs, channels).

Language, security headers and helpers, error pages, typography filters.
"""
