"""swpolicy: adult sex-work law as code, HIV outcome models and law-to-outcome simulation.

Subpackages:
    law      -- jurisdictions' provisions as dated, cited data; classification; Amnesty 2016
                assessment; bills as reforms.
    epi      -- HIV transmission among sex workers and clients with structural determinants.
"""

__version__ = "0.1.0"
