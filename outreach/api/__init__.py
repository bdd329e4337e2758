"""The JSON API (version 1): views, the response shapes (serialize) and the OpenAPI document."""
