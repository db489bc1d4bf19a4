/* The version of Guanxi CRM. */
#ifndef GUANXI_VERSION_H
#define GUANXI_VERSION_H
#define GUANXI_VERSION "0.1.0"
#endif
