# A small AWS/Azure/GCP estate with the TLS mistakes reviews keep finding.

variable "listener_policy" {
  description = "TLS policy of the public listener"
  type        = string
  # "TLS13" in the name, so it looks modern: it still accepts TLS 1.0 and 1.1.
  default     = "ELBSecurityPolicy-TLS13-1-0-2021-06"
}

variable "internal_policy" {
  description = "set per environment with -var-file"
  type        = string
}

locals {
  name = "shop"
}

resource "aws_lb" "public" {
  name               = "${local.name}-public"
  load_balancer_type = "application"
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.public.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.listener_policy
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/shop"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.shop.arn
  }
}

# Port 80 forwards instead of redirecting.
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.public.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.shop.arn
  }
}

# No ssl_policy: AWS applies ELBSecurityPolicy-2016-08 (TLS 1.0, CBC-SHA1, static RSA).
resource "aws_lb_listener" "admin" {
  load_balancer_arn = aws_lb.public.arn
  port              = 8443
  protocol          = "HTTPS"
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/admin"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.admin.arn
  }
}

# Decided per environment: tlslint says it cannot tell instead of guessing.
resource "aws_lb_listener" "internal" {
  load_balancer_arn = aws_lb.public.arn
  port              = 9443
  protocol          = "HTTPS"
  ssl_policy        = var.internal_policy
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/internal"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.internal.arn
  }
}

module "edge" {
  source      = "./modules/edge"
  domain      = "shop.example.com"
  min_version = "TLSv1.2_2019"
}

resource "aws_acm_certificate" "shop" {
  domain_name   = "shop.example.com"
  key_algorithm = "RSA_1024"
}

resource "azurerm_storage_account" "exports" {
  name                       = "shopexports"
  min_tls_version            = "TLS1_0"
  https_traffic_only_enabled = false
}

resource "azurerm_linux_web_app" "api" {
  name       = "shop-api"
  https_only = true
  site_config {
    minimum_tls_version     = "1.2"
    scm_minimum_tls_version = "1.0"
  }
}

resource "google_compute_ssl_policy" "strict" {
  name            = "strict"
  profile         = "RESTRICTED"
  min_tls_version = "TLS_1_2"
}

# The policy above exists, but this proxy never uses it: Google's COMPATIBLE default applies.
resource "google_compute_target_https_proxy" "shop" {
  name             = "shop"
  url_map          = google_compute_url_map.shop.id
  ssl_certificates = [google_compute_managed_ssl_certificate.shop.id]
}

resource "google_sql_database_instance" "orders" {
  name             = "orders"
  database_version = "POSTGRES_16"
  settings {
    tier = "db-custom-2-7680"
  }
}
