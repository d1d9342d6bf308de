"""CRM deals: reading a Salesforce or HubSpot export, and what the usage log says about the
deals that were won and lost (the Influence view, the recommender's win signal)."""
