variable "domain" {
  type = string
}

variable "min_version" {
  type    = string
  default = "TLSv1.2_2021"
}

resource "aws_cloudfront_response_headers_policy" "security" {
  name = "security-headers"
  security_headers_config {
    strict_transport_security {
      access_control_max_age_sec = 86400
      include_subdomains         = true
      override                   = true
    }
  }
}

resource "aws_cloudfront_distribution" "site" {
  enabled = true
  aliases = [var.domain]

  origin {
    domain_name = "origin.${var.domain}"
    origin_id   = "origin"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "http-only"
      origin_ssl_protocols   = ["TLSv1", "TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id           = "origin"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    response_headers_policy_id = aws_cloudfront_response_headers_policy.security.id
  }

  ordered_cache_behavior {
    path_pattern           = "/assets/*"
    target_origin_id       = "origin"
    viewer_protocol_policy = "allow-all"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    acm_certificate_arn      = "arn:aws:acm:us-east-1:123456789012:certificate/edge"
    ssl_support_method       = "sni-only"
    minimum_protocol_version = var.min_version
  }
}
