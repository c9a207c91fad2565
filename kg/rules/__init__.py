"""The extraction rules, one module per family; ``kg.extract.run_rules`` runs them in order.

base (shared state and patterns) · places · bodies · events · strategies · sectors · relations
"""
