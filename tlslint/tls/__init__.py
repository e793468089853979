"""What tlslint knows about TLS itself, apart from any file format.

Shared by the sources (reading a config), the rules (judging the model) and the generators
(writing one): protocol names and their order, version numbers, and OpenSSL's cipher suites
with an evaluator for cipher strings. Nothing here knows nginx, Kubernetes or Terraform; this
package is cheap to import (:mod:`.ciphers` builds its tables on first use).
"""
