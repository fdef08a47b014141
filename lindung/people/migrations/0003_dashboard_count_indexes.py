"""Indexes for the dashboard's per-scope counts (lindung.people.dashboard): the disabled residents (a partial
index, a few percent of the rows) and the residents registered since a date."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0002_name_trigram_index'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='person',
            index=models.Index(condition=models.Q(('disability', True)), fields=['kelurahan', 'occupation'], name='people_person_disabled'),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['created_at'], name='people_person_created'),
        ),
    ]
