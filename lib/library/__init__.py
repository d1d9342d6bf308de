"""The library as marketing and reps read and keep it: the filterable catalog, one use case in
detail, its diagram and user stories, and editing with its checks and history."""
