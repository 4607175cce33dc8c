"""Agent hooks: one module per agent, each turning the agent's JSON into a decision.

Every module has ``NAME``, ``handle(payload, ctx) -> HookResult`` and
``on_error(message, policy) -> HookResult``; ``promptguard.commands.hook`` runs them
with the error policy and the deadline around them.
"""
